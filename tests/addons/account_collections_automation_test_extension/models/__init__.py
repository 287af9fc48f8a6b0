from . import collection_reminder
