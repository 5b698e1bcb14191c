"""The eight pathway modules, stored as catalogue rows (codes fixed by the model)."""

PATHWAY_MODULES = (
    # code, Indonesian, English, sessions, hours
    ("MINDSET_BUSINESS", "Pola pikir kewirausahaan", "Entrepreneurship mindset", 2, 4),
    ("MINDSET_SAKINAH", "Pola pikir keluarga sakinah", "Sakinah family mindset", 2, 4),
    ("TRAINING_BUSINESS", "Pelatihan kewirausahaan", "Entrepreneurship training", 6, 18),
    ("TRAINING_SAKINAH", "Pelatihan keluarga sakinah", "Sakinah family training", 4, 12),
    ("PRACTICE", "Praktik usaha", "Business practice", 6, 24),
    ("MENTORING", "Pembinaan dan pendampingan", "Coaching and mentoring", 12, 24),
    ("FIELD_VERIFICATION", "Uji lapangan", "Field test", 1, 3),
    ("PEER_MENTOR", "Mitra pendamping", "Peer mentor", 12, 24),
)


def modules_seed(apps) -> None:
    Module = apps.get_model("programme", "Module")
    for code, name_id, name_en, sessions, hours in PATHWAY_MODULES:
        Module.objects.get_or_create(
            code=code,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "planned_sessions": sessions,
                "planned_hours": hours,
                "in_pathway": True,
            },
        )
