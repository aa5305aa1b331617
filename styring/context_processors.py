from styring.navigation import menu_items


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"menu": []}
    path = request.path
    menu = []
    for item in menu_items():
        url = item.url
        # The home page is current only on itself; every other entry owns its subtree.
        current = path == url if url == "/" else path.startswith(url)
        menu.append({"label": item.label, "url": url, "current": current})
    return {"menu": menu}
