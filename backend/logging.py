"""Structured JSON log lines for the audit trail."""

import json
import logging
import re
from datetime import UTC, datetime

_ESTANDAR = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# A field whose name contains one of these is never written, whatever the caller passes.
_PROHIBIDOS = ("password", "token", "refresh", "access", "authorization", "secret", "cookie")
# Anything shaped like a JWT (three base64url parts, the first one a JSON header) is masked.
_JWT = re.compile(r"eyJ[\w-]*\.[\w-]+\.[\w-]*")


def _campo_permitido(clave: str) -> bool:
    clave = clave.lower()
    return not any(prohibida in clave for prohibida in _PROHIBIDOS)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        linea = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        for clave, valor in vars(record).items():
            if clave not in _ESTANDAR and _campo_permitido(clave):
                linea[clave] = valor
        if record.exc_info:
            linea["exc"] = self.formatException(record.exc_info)
        return _JWT.sub("[jwt]", json.dumps(linea, default=str, ensure_ascii=False))
