"""Steps shared by the browser tests."""


def sign_in(page, live_server, username, password):
    """Sign in to the admin and wait for the dashboard, so the next step starts signed in."""
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
