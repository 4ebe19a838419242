import torch
from model import Classifier

def load_checkpoint(path):
    model = Classifier()
    model.load_state_dict(torch.load(path, map_location="cpu"))  # expect: CWE-502
    return model.eval()
