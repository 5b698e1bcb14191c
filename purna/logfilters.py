"""Logging filters: personal data never reaches a log."""

import logging
import re

# A NIK (16 digits) can appear in a logged URL such as /api/v1/participants/<nik>.
NIK_PATTERN = re.compile(r"(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)")


class MaskNik(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = NIK_PATTERN.sub(r"\1******\2", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
