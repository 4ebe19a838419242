import secrets

def send_login_code(user, sms):
    otp = secrets.randbelow(900000) + 100000
    user.pending_otp = otp
    sms.send(user.phone, f"Your code is {otp}")
