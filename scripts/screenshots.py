"""Take the documentation screenshots from a running demo: `python scripts/screenshots.py http://127.0.0.1:8000`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jazari.browser import chromium

PAGES = {
    "home-fr.png": "/fr/",
    "home-ar.png": "/ar/",
    "regions-ar.png": "/ar/regions/",
    "indicators-ar.png": "/ar/indicators/",
    "projects-fr.png": "/fr/projects/",
}


def main(base_url: str) -> None:
    target = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in PAGES.items():
            page.goto(base_url.rstrip("/") + path)
            page.screenshot(path=str(target / name), full_page=True)
            print(f"wrote docs/screenshots/{name}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
