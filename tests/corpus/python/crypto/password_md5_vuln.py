import hashlib
from django.db import models

class Account(models.Model):
    email = models.EmailField(unique=True)
    password_hash = models.CharField(max_length=64)

    def set_password(self, raw_password):
        self.password_hash = hashlib.md5(raw_password.encode()).hexdigest()  # expect: CWE-916, CWE-328
