from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = True  # expect: CWE-489

ALLOWED_HOSTS = ["example.com"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "shop"]
SESSION_COOKIE_SECURE = False  # expect: CWE-614
