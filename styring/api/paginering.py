"""How API lists are cut into pages."""

from rest_framework.pagination import LimitOffsetPagination


class Sider(LimitOffsetPagination):
    """50 rows unless ``limit`` asks for more, and never more than 500: a list answers as
    fast after ten years as after one."""

    default_limit = 50
    max_limit = 500
