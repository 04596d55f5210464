"""The app's local web server (Starlette on uvicorn), for one person on this computer.

Safety: it listens on 127.0.0.1 only, on a free port; every API call carries the run's random token
(in the address the browser is sent to, then in a header); a request whose Host or Origin header is
not this address is refused (a web page elsewhere cannot reach it by DNS rebinding); files are opened
and saved only under the folder the app was started in.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import re
import secrets
import socket
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from archcheck.app import bridge
from archcheck.app import workspace as files
from archcheck.app.form import form
from archcheck.app.summary import summarise
from archcheck.enums import normalise
from archcheck.errors import ArchcheckError, InputError
from archcheck.loaders.document import read_document

TOKEN_HEADER = "x-archcheck-token"
STATIC = resources.files("archcheck.app").joinpath("static")
FORMATS = {"docx": ("自查报告.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
           "html": ("自查报告.html", "text/html; charset=utf-8"),
           "ledger": ("整改台账.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "frame-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")
MAX_BODY = 16 * 1024 * 1024
MAX_CSV = 32 * 1024 * 1024


@dataclass
class State:
    root: Path
    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    plugins: Any = None
    form: dict[str, Any] | None = None

    @property
    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def origins(self) -> set[str]:
        return {f"http://{h}" for h in self.hosts}

    def url(self, file: str | None = None) -> str:
        tail = f"&file={quote(file)}" if file else ""
        return f"http://127.0.0.1:{self.port}/?token={self.token}{tail}"


def _error(status: int, zh: str, en: str, problems: list[dict[str, str]] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"zh": zh, "en": en}, "problems": problems or []}, status_code=status)


def _problems(error: ArchcheckError) -> list[dict[str, str]]:
    out = []
    for problem in getattr(error, "problems", []):
        out.append({"file": problem.file, "where": problem.where, "zh": problem.message.zh, "en": problem.message.en})
    return out


class Guard:
    """ASGI middleware: refuse foreign Host/Origin headers, and API calls without the token."""

    def __init__(self, app: Callable[..., Awaitable[None]], state: State):
        self.app, self.state = app, state

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        reason = None
        if headers.get("host") not in self.state.hosts:
            reason = ("主机名不符，请求被拒绝", "wrong Host header")
        elif "origin" in headers and headers["origin"] not in self.state.origins:
            reason = ("来源不符，请求被拒绝", "wrong Origin header")
        elif scope["path"].startswith("/api/") and not hmac.compare_digest(headers.get(TOKEN_HEADER, ""), self.state.token):
            reason = ("缺少或错误的访问令牌", "missing or wrong access token")
        if reason:
            response = _error(403, *reason)
        else:
            async def send_with_headers(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    extra = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                             (b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store")]
                    message["headers"] = list(message.get("headers", [])) + extra
                await send(message)

            await self.app(scope, receive, send_with_headers)
            return
        await response(scope, receive, send)


async def _json_body(request: Request) -> Any:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise InputError([])
    return json.loads(body.decode("utf-8"))


def make_app(state: State) -> Any:
    if state.plugins is None:
        state.plugins = bridge.load_plugins()
    schema = bridge.unit_schema(state.plugins)
    state.form = form(bridge.areas(state.plugins), schema)

    async def index(request: Request) -> Response:
        return FileResponse(str(STATIC.joinpath("index.html")), media_type="text/html; charset=utf-8")

    async def api_form(request: Request) -> Response:
        return JSONResponse({**state.form, "folder": state.root.name or str(state.root)})

    async def api_files(request: Request) -> Response:
        return JSONResponse({"files": files.listing(state.root)})

    async def api_open(request: Request) -> Response:
        name = request.query_params.get("path", "")
        try:
            path = files.inside(state.root, name)
            document = read_document(path)
        except ArchcheckError as error:
            return _error(400, "无法打开文件", "cannot open the file", _problems(error))
        if not isinstance(document, dict):
            return _error(400, "顶层应为对象（字段: 值）", "the top level must be an object")
        document, _ = normalise(files.without_placeholders(document), schema)
        return JSONResponse({"path": name, "format": "json" if path.suffix.lower() == ".json" else "yaml", "data": document})

    async def api_save(request: Request) -> Response:
        body = await _json_body(request)
        try:
            path = files.inside(state.root, str(body.get("path", "")))
        except ArchcheckError as error:
            return _error(400, "无法保存", "cannot save", _problems(error))
        data = body.get("data")
        if not isinstance(data, dict):
            return _error(400, "内容应为对象", "the content must be an object")
        try:
            files.save(path, data)
        except OSError as exc:
            return _error(500, f"无法写入文件：{exc.strerror or exc}", f"cannot write the file: {exc.strerror or exc}")
        return JSONResponse({"saved": body["path"], "at": dt.datetime.now().strftime("%H:%M:%S")})

    async def api_new(request: Request) -> Response:
        body = await _json_body(request)
        name = str(body.get("path", "")).strip()
        if not re.search(r"\.(ya?ml|json)$", name, re.I):
            name += ".yaml"
        try:
            path = files.inside(state.root, name)
        except ArchcheckError as error:
            return _error(400, "无法新建", "cannot create", _problems(error))
        if path.exists():
            return _error(409, "文件已存在", "the file exists")
        data = {"schema_version": "1", "as_of": dt.date.today().isoformat(), "unit": {"name": str(body.get("unit") or "")}}
        path.parent.mkdir(parents=True, exist_ok=True)
        files.save(path, data)
        return JSONResponse({"path": name, "format": "json" if path.suffix.lower() == ".json" else "yaml", "data": data})

    async def api_check(request: Request) -> Response:
        body = await _json_body(request)
        try:
            path = files.inside(state.root, str(body.get("path", "")))
            report = bridge.check(state.plugins, path, body.get("data") or {})
        except ArchcheckError as error:
            return JSONResponse({"valid": False, "invalid": _problems(error), **summarise(None, state.form)})
        except OSError as exc:  # e.g. a read-only folder: the check needs a moment's copy beside the file
            return _error(500, f"无法检查：{exc.strerror or exc}", f"cannot check: {exc.strerror or exc}")
        return JSONResponse({"valid": True, "invalid": [], **summarise(report, state.form)})

    async def api_report(request: Request) -> Response:
        body = await _json_body(request)
        fmt = str(body.get("format", ""))
        if fmt not in FORMATS:
            return _error(400, "不支持的格式", "unsupported format")
        try:
            path = files.inside(state.root, str(body.get("path", "")))
            report = bridge.check(state.plugins, path, body.get("data") or {})
        except ArchcheckError as error:
            return _error(400, "单位描述有误，无法生成报告", "the description is invalid", _problems(error))
        except OSError as exc:
            return _error(500, f"无法检查：{exc.strerror or exc}", f"cannot check: {exc.strerror or exc}")
        name, media = FORMATS[fmt]
        content = bridge.render(state.plugins, report, fmt, name)
        return Response(content, media_type=media,
                        headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    async def api_upload(request: Request) -> Response:
        """A climate-log CSV, stored beside the unit file; its name relative to that file is returned."""
        unit = request.query_params.get("unit", "")
        name = Path(request.query_params.get("name", "climate_log.csv")).name
        try:
            unit_path = files.inside(state.root, unit)
            target = files.inside(state.root, str(Path(unit).parent / name), (".csv",))
        except ArchcheckError as error:
            return _error(400, "无法上传", "cannot upload", _problems(error))
        content = await request.body()
        if len(content) > MAX_CSV:
            return _error(413, "文件过大", "file too large")
        if target.exists() and target.read_bytes() != content:
            stem, n = target.stem, 2
            while target.exists():
                target = target.with_name(f"{stem}-{n}.csv")
                n += 1
        target.write_bytes(content)
        return JSONResponse({"csv": target.relative_to(unit_path.parent.resolve()).as_posix()})

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", index),
        Route("/favicon.ico", favicon),
        Route("/api/form", api_form),
        Route("/api/files", api_files),
        Route("/api/open", api_open),
        Route("/api/save", api_save, methods=["PUT", "POST"]),
        Route("/api/new", api_new, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/report", api_report, methods=["POST"]),
        Route("/api/upload", api_upload, methods=["POST"]),
        Mount("/assets", StaticFiles(directory=str(STATIC.joinpath("assets")), check_dir=False)),
    ]
    return Guard(Starlette(routes=routes), state)


def free_socket() -> socket.socket:
    """A listening socket on 127.0.0.1 at a port the system chose."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def serve(root: Path, open_browser: bool = True, file: str | None = None, echo: Callable[[str], None] = print) -> None:
    """Run until interrupted (Ctrl+C)."""
    import uvicorn

    sock = free_socket()
    state = State(root=root.resolve(), port=sock.getsockname()[1])
    app = make_app(state)
    url = state.url(file)
    echo(f"archcheck 问卷已启动：{url}")
    echo("（只在本机可用；关闭此窗口或按 Ctrl+C 结束）")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
