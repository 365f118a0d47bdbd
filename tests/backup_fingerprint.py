"""What a backup must bring back, described from the database and the media folder of the
process that runs it (the test's, or a restored installation's through `manage.py shell`)."""

import hashlib
import json

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FileField


def fingerprint() -> dict:
    from planning.models import Programme

    out = {
        "programmes": list(
            Programme.objects.order_by("pk").values(
                "pk", "municipality__slug", "title_ru", "title_ky", "status", "version"
            )
        ),
        "users": sorted(apps.get_model("municipalities", "User").objects.values_list("email")),
        "history": {},
        "files": {},
    }
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_id"):
            rows = model.objects.order_by("history_id").values_list(
                "history_id", "history_type", "history_user_id", "history_date"
            )
            out["history"][model._meta.label] = list(rows)
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
        if not file_fields or model.__name__.startswith("Historical"):
            continue
        for row in model._base_manager.order_by("pk"):
            for field in file_fields:
                name = getattr(row, field.attname).name
                if not name:
                    continue
                with default_storage.open(name, "rb") as stored:
                    content = hashlib.sha256(stored.read()).hexdigest()
                out["files"][f"{model._meta.label}:{row.pk}:{field.name}"] = {
                    "name": name,
                    "sha256 of the file": content,
                    "sha256 recorded": getattr(row, "sha256", None),
                }
    return json.loads(json.dumps(out, cls=DjangoJSONEncoder))


def fingerprint_json() -> str:
    return json.dumps(fingerprint(), ensure_ascii=False)
