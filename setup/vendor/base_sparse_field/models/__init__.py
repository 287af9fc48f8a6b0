# -*- coding: utf-8 -*-

from . import fields
from . import models
