"""purna api_token USERNAME [--name NAME] [--revoke]: issue or revoke an API bearer token."""

from django.core.management.base import BaseCommand, CommandError

from purna.accounts.models import ApiToken, User
from purna.accounts.tokens import token_create, token_revoke


class Command(BaseCommand):
    help = (
        "Create an API bearer token for a user and print it once (only its digest is kept), "
        "or revoke the user's tokens of that name with --revoke."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api", help="What the token is for (default: api).")
        parser.add_argument(
            "--revoke", action="store_true", help="Revoke the user's tokens with this name."
        )

    def handle(self, *args, username: str, name: str, revoke: bool, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if revoke:
            tokens = list(ApiToken.objects.filter(user=user, name=name))
            if not tokens:
                raise CommandError(f"{username!r} has no token named {name!r}.")
            for token in tokens:
                token_revoke(token=token)
            self.stderr.write(f"Revoked {len(tokens)} token(s).")
            return
        if not user.is_active:
            raise CommandError(f"{username!r} is not active.")
        # Only the token on stdout, so it can be piped into a secret store.
        self.stdout.write(token_create(user=user, name=name))
        self.stderr.write("Store this token now: it cannot be shown again.")
