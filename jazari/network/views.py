from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from jazari.network.models import Institute, Organisation, Person, Region


def home(request: HttpRequest) -> HttpResponse:
    """What the network is for, with a few live figures from the registry."""
    institutes_by_status = Institute.objects.values("status").annotate(total=Count("pk")).order_by("status")
    status_labels = dict(Institute.Status.choices)
    figures = {
        "regions_covered": Region.objects.filter(institutes__isnull=False).distinct().count(),
        "regions_total": Region.objects.count(),
        "institutes": sum(row["total"] for row in institutes_by_status),
        "organisations": Organisation.objects.count(),
        "experts": Person.objects.public().count(),
    }
    return render(
        request,
        "network/home.html",
        {
            "figures": figures,
            "institutes_by_status": [
                {"label": status_labels.get(row["status"], row["status"]), "total": row["total"]}
                for row in institutes_by_status
            ],
        },
    )


def region_list(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.annotate(institute_count=Count("institutes")).order_by("code")
    return render(request, "network/region_list.html", {"regions": regions})


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    institutes = region.institutes.order_by("slug")
    return render(request, "network/region_detail.html", {"region": region, "institutes": institutes})


def institute_list(request: HttpRequest) -> HttpResponse:
    institutes = Institute.objects.select_related("region")
    query = request.GET.get("q", "").strip()
    if query:
        institutes = institutes.filter(
            Q(name_fr__icontains=query)
            | Q(name_ar__icontains=query)
            | Q(name_en__icontains=query)
            | Q(city__icontains=query)
            | Q(slug__icontains=query)
        )
    page = Paginator(institutes, 25).get_page(request.GET.get("page"))
    return render(request, "network/institute_list.html", {"page": page, "query": query})


def institute_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institute = get_object_or_404(Institute.objects.select_related("region", "parent"), slug=slug)
    partnerships = institute.partnerships.select_related("organisation").order_by(
        "role", "organisation__name"
    )
    return render(
        request,
        "network/institute_detail.html",
        {"institute": institute, "partnerships": partnerships, "themes": institute.themes.all()},
    )


def expert_list(request: HttpRequest) -> HttpResponse:
    """The public directory of experts: only people who consented to a public profile, ever."""
    experts = Person.objects.public().select_related("region").prefetch_related("skills")
    query = request.GET.get("q", "").strip()
    if query:
        experts = experts.filter(
            Q(given_name__icontains=query)
            | Q(family_name__icontains=query)
            | Q(given_name_ar__icontains=query)
            | Q(family_name_ar__icontains=query)
            | Q(keywords__icontains=query)
        )
    page = Paginator(experts, 25).get_page(request.GET.get("page"))
    return render(request, "network/expert_list.html", {"page": page, "query": query})
