"""The one-page certificate as PDF (WeasyPrint), in Arabic and French, with its code and a QR code leading to
the public verification page. Fonts come from the system's packages (Noto, DejaVu), never from the network."""

import segno
from django.template.loader import render_to_string
from django.utils import translation

from jazari.activities.models import Certificate


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes time that most requests do not need

    registration = certificate.registration
    context = {
        "certificate": certificate,
        "person": registration.person,
        "activity": registration.activity,
        "programme": registration.activity.programme,
        "verify_url": verify_url,
        "qr_code": segno.make(verify_url, error="m").svg_data_uri(scale=4, border=1),
    }
    with translation.override("fr"):
        html = render_to_string("activities/certificate_pdf.html", context)
    return bytes(HTML(string=html).write_pdf())
