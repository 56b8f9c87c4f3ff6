from scheduler_app.directory.models import MemberKind


def test_home_is_thai_by_default_with_empty_state(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="th">' in html


def test_home_counts_members_by_kind(client, make_member):
    make_member(kind=MemberKind.NETWORK.value, org_type=None)
    make_member()
    make_member()
    html = client.get("/").get_data(as_text=True)
    assert "<strong>2</strong>" in html
    assert "<strong>1</strong>" in html


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_security_headers_on_pages(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_translated_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
