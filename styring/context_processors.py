from styring.navigation import menu_items


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"menu": []}
    path = request.path
    menu = [
        {"label": item.label, "url": item.url, "current": path.startswith(item.url)}
        for item in menu_items()
    ]
    return {"menu": menu}
