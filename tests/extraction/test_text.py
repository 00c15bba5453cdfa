"""Reading files: bad inputs fail with a clear LoaderError naming the file; HTML loses its boilerplate."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dyad.errors import LoaderError
from dyad.extraction.text import read_article, split_sentences


def test_empty_file_is_refused_with_its_name(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(LoaderError, match="empty") as info:
        read_article(path)
    assert info.value.location.path == str(path)


def test_binary_file_is_refused(tmp_path: Path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(LoaderError, match="binary"):
        read_article(path)


def test_non_utf8_text_is_decoded_and_says_so(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Bogotá et Caracas ont rouvert la frontière à Cúcuta, a déclaré le ministère.".encode("latin-1"))
    article = read_article(path)
    assert "Bogotá" in article.text
    assert article.encoding != "utf-8" and any("not UTF-8" in note for note in article.notes)


def test_oversized_file_is_refused_quickly(tmp_path: Path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Russia and China signed a deal. " * (20 * 1024 * 1024 // 32))
    started = time.perf_counter()
    with pytest.raises(LoaderError, match="larger than"):
        read_article(path)
    assert time.perf_counter() - started < 2


def test_html_scripts_and_navigation_are_not_article_text(tmp_path: Path):
    path = tmp_path / "story.html"
    body = " ".join(["Japan and South Korea agreed on Monday to resume flights between Tokyo and Seoul."] * 3)
    path.write_text(
        "<html><head><title>Flights resume</title><script>var Pyongyang = 'Moscow';</script></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Flights resume</h1>"
        f"<p>{body}</p><p>The two governments said the decision followed months of talks.</p></article>"
        "<script>track('Beijing')</script></body></html>", encoding="utf-8")
    article = read_article(path)
    assert article.format == "html"
    assert "Tokyo and Seoul" in article.text
    assert "Moscow" not in article.text and "track(" not in article.text


def test_html_with_only_scripts_is_refused(tmp_path: Path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>")
    with pytest.raises(LoaderError, match="no article text"):
        read_article(path)


def test_sentence_offsets_point_into_the_text():
    text = "Talks resumed in Jan. 2020 in Minsk. The U.S. said so.\nA new paragraph."
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
    assert [s.text for s in split_sentences(text)] == [
        "Talks resumed in Jan. 2020 in Minsk.", "The U.S. said so.", "A new paragraph."]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_an_article_in_utf16_or_utf32_is_read_as_text_not_called_binary(tmp_path, codec):
    path = tmp_path / "wide.txt"
    path.write_bytes("China and Vietnam agreed on Monday to reopen the border crossing.".encode(codec))
    article = read_article(path)
    assert "reopen the border crossing" in article.text
    assert article.encoding.startswith(codec.split("-le")[0])


def test_a_device_is_refused_at_once_naming_it():
    with pytest.raises(LoaderError, match="not a regular file") as error:
        read_article(Path("/dev/zero"))
    assert "/dev/zero" in str(error.value)
