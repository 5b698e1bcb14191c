from .channel import audit_channel


class ApiChannelMiddleware:
    """Changes made through /api/ are recorded with the channel "api"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        with audit_channel("api"):
            return self.get_response(request)
