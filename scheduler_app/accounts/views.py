from flask import Blueprint

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str:
    return ""


@bp.route("/signup", methods=["GET", "POST"])
def signup() -> str:
    return ""


@bp.post("/logout")
def logout() -> str:
    return ""


@bp.route("/profile", methods=["GET", "POST"])
def profile() -> str:
    return ""
