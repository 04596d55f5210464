"""A plugin whose import is stuck in C code, where no alarm can interrupt it."""

import hashlib

hashlib.pbkdf2_hmac("sha256", b"x", b"y", 10**9)
