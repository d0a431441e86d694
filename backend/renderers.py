"""A JSON renderer backed by orjson: same output as DRF's, several times faster."""

from decimal import Decimal

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_encoder = JSONEncoder()


def _default(obj):
    if isinstance(obj, Decimal):
        return str(obj)
    return _encoder.default(obj)


class ORJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS)
