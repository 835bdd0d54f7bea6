"""The error of the scan's services: a Dutch message and the status a view answers with."""


class ScanError(Exception):
    def __init__(self, message: str, code: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
