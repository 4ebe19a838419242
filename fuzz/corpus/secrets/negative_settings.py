import os

SECRET_KEY = os.environ["SECRET_KEY"]
DB_PASSWORD = os.getenv("DB_PASSWORD")
API_TOKEN = "%(token)s"
password_hash = "f6ea2b5991661a7e38d6315f35645d282760ee88e4ebf73422574d909c5b1268"
REQUEST_ID = "78d32506-afcb-476d-e8d6-2208bb5ec1d5"
max_tokens = 4096
token_url = "https://auth.internal/oauth/token"
AUTH_BACKEND = "rest_framework.authentication.TokenAuthentication"
password_label = "Enter your password"
LOGO = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
secret_name = "prod/billing/db"
def check(password):
    return password == os.environ["ADMIN_PASSWORD"]
