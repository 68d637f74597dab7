from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The site's user model, custom from the first migration so it can grow."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
