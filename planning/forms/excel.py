"""The upload form of the activity-plan import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.xlsx import XLSX_CONTENT_TYPE

from ..services.plan_import import MAX_IMPORT_BYTES

ZIP_SIGNATURE = b"PK\x03\x04"  # an .xlsx file is a zip archive


class ActivityImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл Excel (.xlsx)"),
        help_text=_("Лист «Мероприятия» в формате шаблона; не больше 5 МБ."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Загрузите книгу Excel в формате .xlsx (файлы .xls, .csv и другие не подходят)."),
                code="extension",
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("Файл больше 5 МБ. Разделите план на несколько файлов."), code="too_big"
            )
        upload.seek(0)
        signature = upload.read(len(ZIP_SIGNATURE))
        upload.seek(0)
        if signature != ZIP_SIGNATURE:
            raise forms.ValidationError(
                _(
                    "Файл не является книгой Excel (.xlsx), хотя так назван. Сохраните таблицу "
                    "в Excel как «Книга Excel (.xlsx)» и загрузите снова."
                ),
                code="not_xlsx",
            )
        return upload
