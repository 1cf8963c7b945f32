"""Names written by users are isolated where pages show them: a name in Arabic, or one carrying direction
controls, keeps its direction to itself and never reorders the text around it (a `<bdi>` element, or an
element with a `dir` attribute, around it)."""

from html.parser import HTMLParser

import pytest

from jazari.activities.tests.factories import open_training
from jazari.conftest import client_for
from jazari.network.models import Affiliation, Person
from jazari.projects.tests.factories import project_of

pytestmark = pytest.mark.django_db

# Right-to-left letters between left-to-right ones, as a spoofed name would have them.
INSTITUTE = "Atlas مختبر 7"
PERSON_GIVEN, PERSON_FAMILY = "Zineb", "الإدريسي"
TITLE = "Vision 2030 رؤية"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Where markup cannot go: the window's title, the text of a form's option, a text area.
PLAIN_TEXT = {"title", "option", "textarea", "script", "style"}


class Occurrences(HTMLParser):
    """Each place a text appears in a page, with whether the element around it isolates it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.stack: list[tuple[str, bool]] = []
        self.isolated = 0
        self.leaking: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, tag == "bdi" or any(name == "dir" for name, _value in attrs)))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.text not in data or not self.stack or self.stack[-1][0] in PLAIN_TEXT:
            return
        tag, isolates = self.stack[-1]
        if isolates:
            self.isolated += 1
        else:
            self.leaking.append(f"<{tag}>{data.strip()}")


def occurrences(html: str, text: str) -> Occurrences:
    parser = Occurrences(text)
    parser.feed(html)
    return parser


@pytest.fixture
def named(institute_a):
    """An institute, a person, an activity and a project whose names mix both directions of writing."""
    institute_a.name_fr = institute_a.name_ar = institute_a.name_en = INSTITUTE
    institute_a.save()
    person = Person.objects.create(
        given_name=PERSON_GIVEN, family_name=PERSON_FAMILY, region=institute_a.region
    )
    Affiliation.objects.create(person=person, institute=institute_a, role=Affiliation.Role.RESEARCHER)
    activity = open_training(institute_a, title=TITLE)
    project = project_of(institute_a, title=TITLE)
    return {"institute": institute_a, "person": person, "activity": activity, "project": project}


def assert_isolated(html: str, text: str, at_least: int = 1) -> None:
    found = occurrences(html, text)
    assert found.leaking == [], f"{text!r} shown without isolation: {found.leaking}"
    assert found.isolated >= at_least, f"{text!r} shown isolated {found.isolated} times, expected {at_least}"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_it_isolates_an_institute_name_in_the_public_list_and_page(client, named, language):
    assert_isolated(client.get(f"/{language}/institutes/").text, INSTITUTE)
    # The breadcrumb and the heading.
    assert_isolated(client.get(f"/{language}/institutes/{named['institute'].slug}/").text, INSTITUTE, 2)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_it_isolates_an_activity_title_and_its_organiser(client, named, language):
    html = client.get(f"/{language}/activities/{named['activity'].public_id}/").text
    assert_isolated(html, TITLE)
    assert_isolated(html, INSTITUTE)
    assert_isolated(client.get(f"/{language}/activities/").text, TITLE)


def test_it_isolates_names_in_the_workspace_lists_and_headings(named, coordinator):
    client = client_for(coordinator)
    person = named["person"]
    assert_isolated(client.get("/fr/workspace/people/").text, PERSON_FAMILY)
    assert_isolated(client.get("/ar/workspace/institutes/").text, INSTITUTE)
    assert_isolated(client.get(f"/ar/workspace/people/{person.public_id}/history/").text, PERSON_FAMILY)
    assert_isolated(client.get(f"/fr/workspace/people/{person.public_id}/edit/").text, PERSON_FAMILY)
    assert_isolated(
        client.get(f"/ar/workspace/people/{person.public_id}/affiliations/new/").text, PERSON_FAMILY
    )


def test_it_isolates_a_project_title_and_its_institute_in_the_portfolio(named, coordinator):
    html = client_for(coordinator).get(f"/ar/workspace/portfolio/projects/{named['project'].public_id}/").text
    assert_isolated(html, TITLE)
    assert_isolated(html, INSTITUTE)


def test_it_isolates_the_signed_in_address_in_the_header(coordinator):
    html = client_for(coordinator).get("/ar/").text
    assert_isolated(html, coordinator.email)


def test_it_escapes_a_name_that_holds_markup_while_isolating_it(named, coordinator):
    person = named["person"]
    person.family_name = "<b>الإدريسي</b>"
    person.save()
    html = client_for(coordinator).get(f"/fr/workspace/people/{person.public_id}/history/").text
    assert "&lt;b&gt;الإدريسي&lt;/b&gt;" in html
    assert "<b>الإدريسي</b>" not in html
