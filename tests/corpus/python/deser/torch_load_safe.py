import torch
from model import Classifier

def load_checkpoint(path):
    model = Classifier()
    model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
    return model.eval()
