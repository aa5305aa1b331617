from styring import registries


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"menu": []}
    path = request.path
    menu = []
    for item in registries.menu:
        url = item.url
        # The home page is current only on itself; every other entry owns its subtree.
        current = path == url if url == "/" else path.startswith(url)
        menu.append({"label": item.label, "url": url, "current": current})
    return {"menu": menu}
