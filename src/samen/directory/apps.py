from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "samen.directory"
    label = "directory"
