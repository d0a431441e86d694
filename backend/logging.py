"""Structured JSON log lines for the audit trail."""

import json
import logging
from datetime import UTC, datetime

_ESTANDAR = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_PROHIBIDOS = {"password", "token", "refresh", "access", "authorization"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        linea = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        for clave, valor in vars(record).items():
            if clave not in _ESTANDAR and clave.lower() not in _PROHIBIDOS:
                linea[clave] = valor
        if record.exc_info:
            linea["exc"] = self.formatException(record.exc_info)
        return json.dumps(linea, default=str, ensure_ascii=False)
