import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"

ALLOWED_HOSTS = ["example.com"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "shop"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
