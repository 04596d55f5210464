"""Format detection from the first bytes: the heart of EFL003."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck_efiles.signatures import KNOWN_FORMATS, detect


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=64))
def test_any_bytes_give_a_known_format_or_none(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("sig") / "file.bin"
    path.write_bytes(data)
    assert detect(path) in (*KNOWN_FORMATS, None)


@settings(max_examples=30, deadline=None)
@given(tail=st.binary(max_size=32))
def test_the_magic_decides_whatever_follows(tmp_path_factory, tail):
    folder = tmp_path_factory.mktemp("sig")
    for magic, expected in [(b"%PDF", "pdf"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff")]:
        path = folder / "x.dat"
        path.write_bytes(magic + tail)
        assert detect(path) == expected


def test_a_broken_zip_is_zip_not_ofd(tmp_path):
    path = tmp_path / "broken.ofd"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert detect(path) == "zip"
