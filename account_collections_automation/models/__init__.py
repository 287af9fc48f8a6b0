from . import res_company
from . import res_config_settings
from . import collection_credit_group
from . import res_partner
from . import collection_demo
from . import collection_pool
from . import res_users
from . import account_move
