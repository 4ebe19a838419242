import openai
from anthropic import Anthropic

client = openai.OpenAI(api_key="sk-proj-k7z7gTqBu4wweocv81k2lsNaWQrZzhB4GZqT8hqt0pmpsLww")  # expect: secret-openai-key
claude = Anthropic(api_key="sk-ant-api03-_Am3zwr8FwGvjEED1YjEGPQ-ymde3hOygLxIGbLzUouSXsNHz5hdTDskWcTOWFtjcdwBCRGja3o3kV-2WHPSoIFieCIPnAA")  # expect: secret-anthropic-key
TOKEN = (
    "ghp_" "zymMlopiWfqUyHRSIf8NFmAUNLnY5Y0fCMcF"  # expect: secret-github-token
)
DB = {"password": "1WMXsmVbgZ!#"}  # expect: secret-generic
raw = r"r4tNNp" + "x"
KEY = b"sk_live_Aj7n4JuXFZo2qh20xlReGsaL1dvnyzv0"  # expect: secret-stripe-key
HEADERS = {"Authorization": "Bearer nCQCHbMVqeXyhVbsFW85ZTCBY7WuGpMSI733"}  # expect: secret-generic
