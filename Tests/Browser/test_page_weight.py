"""What a page costs her phone to download: pages compressed (gzip or deflate, as the browser prefers), the shared files named by their content and kept a
year, so that a staff page stays under 150 KB and a portal page under 100 KB transferred, the first visit included."""
import re
import urllib.request

from conftest import run_cli, signed_in

STAFF_LIMIT = 150 * 1024
PORTAL_LIMIT = 100 * 1024


def transferred(context, url):
    """Bytes sent over the wire for the page and everything it loads, as Chromium counts them (bodies as encoded,
    headers included); and the page's own response headers."""
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    main = page.goto(url)
    page.wait_for_load_state("load")
    total = 0
    for request in responses:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    headers = main.all_headers()
    page.close()
    return total, headers, [r.url for r in responses]


def test_pages_are_compressed_and_staff_and_portal_pages_stay_light(server, browser):
    base = server["base"]
    context = signed_in(browser, server)
    pages = ["/", "/beneficiaries", "/requests", "/work", "/admin/users", "/admin/audit"]
    for path in pages:
        total, headers, urls = transferred(context, base + path)
        assert headers.get("content-encoding") in ("gzip", "deflate"), f"{path} not compressed: {headers}"
        assert any(re.search(r"/css/app\.[0-9a-f]{10}\.css$", u) for u in urls), f"{path} does not link the fingerprinted CSS"
        assert 0 < total <= STAFF_LIMIT, f"{path}: {total} bytes transferred"
    context.close()
    portal = browser.new_context()
    total, headers, _ = transferred(portal, base + "/portal/signin")
    assert headers.get("content-encoding") in ("gzip", "deflate")
    assert 0 < total <= PORTAL_LIMIT, f"/portal/signin: {total} bytes transferred"
    portal.close()


def test_a_client_that_does_not_accept_gzip_gets_the_page_uncompressed(server):
    request = urllib.request.Request(server["base"] + "/signin", headers={"Accept-Encoding": "identity"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers.get("Content-Encoding") is None
        assert "<form" in response.read().decode()
    request = urllib.request.Request(server["base"] + "/signin", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers.get("Content-Encoding") == "gzip"
