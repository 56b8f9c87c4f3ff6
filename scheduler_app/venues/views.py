from flask import Blueprint

bp = Blueprint("venues", __name__, url_prefix="/venues")


@bp.get("/")
def index() -> str:
    return ""
