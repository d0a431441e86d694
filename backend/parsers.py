"""The API's JSON parser: any body that cannot be read is a 400 that reveals nothing of Python."""

import codecs
import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils.json import strict_constant

MENSAJE_JSON_INVALIDO = "El cuerpo de la petición no es JSON válido."


class JSONParserSeguro(JSONParser):
    """DRF's JSON parser, with deep nesting, oversized numbers and bad encodings answered 400.

    DRF lets `RecursionError` through (a 500) and echoes the parser's own message, such as
    "use sys.set_int_max_str_digits()"; here every failure gives one Spanish message.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            # DRF's check refuses byte codecs such as bz2_codec (a decompression bomb).
            encoding = get_encoding(parser_context or {})
        except ParseError:
            raise ParseError("El juego de caracteres de Content-Type no es válido.") from None
        try:
            texto = codecs.getreader(encoding)(stream).read()
            return json.loads(texto, parse_constant=strict_constant if self.strict else None)
        except (ValueError, RecursionError):
            raise ParseError(MENSAJE_JSON_INVALIDO) from None
