from django.conf import settings


class SessionMiddleware:
    def process_response(self, request, response):
        key = request.session.session_key
        response.set_cookie(
            settings.SESSION_COOKIE_NAME,
            key,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE or None,
            httponly=settings.SESSION_COOKIE_HTTPONLY or None,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
        return response

    def forget(self, response):
        response.set_cookie("sessionid", "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT")
        return response


class Response:
    def set_signed_cookie(self, key, value, salt="", **kwargs):
        value = sign(key, value, salt)
        return self.set_cookie(key, value, **kwargs)


def sign(key, value, salt):
    return f"{value}:{salt}"
