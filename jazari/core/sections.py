"""Sections that apps add to the home page without the home page importing them (activities adds the
upcoming activities, projects the recent public projects, ...)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

SectionContext = Callable[[HttpRequest], dict[str, Any]]


@dataclass(frozen=True)
class HomeSection:
    order: int
    template: str
    context: SectionContext


_sections: dict[str, HomeSection] = {}


def home_section(order: int, template: str) -> Callable[[SectionContext], SectionContext]:
    """Register a function giving the context of `template`, shown on the home page in `order`."""

    def register(function: SectionContext) -> SectionContext:
        _sections[template] = HomeSection(order=order, template=template, context=function)
        return function

    return register


def home_sections(request: HttpRequest) -> list[dict[str, Any]]:
    """The registered sections, in order, each with its template and its context."""
    return [
        {"template": section.template, "context": section.context(request)}
        for section in sorted(_sections.values(), key=lambda section: (section.order, section.template))
    ]


@dataclass(frozen=True)
class WorkspaceTool:
    """A page of an app's own workspace (the portfolio, the quarterly reports, ...), linked from the
    workspace home for the users who hold `permission`."""

    order: int
    title: Any  # a lazily translated text
    description: Any
    url_name: str
    permission: str


_tools: dict[str, WorkspaceTool] = {}


def register_workspace_tool(tool: WorkspaceTool) -> None:
    """Link `tool` from the workspace home; the app registers it when it is ready (`AppConfig.ready`)."""
    _tools[tool.url_name] = tool


def workspace_tools(user: Any) -> list[WorkspaceTool]:
    """The registered tools `user` may open, in order."""
    tools = sorted(_tools.values(), key=lambda tool: (tool.order, tool.url_name))
    return [tool for tool in tools if user.has_perm(tool.permission)]
