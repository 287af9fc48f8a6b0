# Copyright 2026 The account_collections_automation authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Collections workspace: the overview (the agent's activities, the customers
with the highest balances, the oldest aged balances, for a pool)."""

from odoo import _, api, fields, models

from ..engine import aging

TOP_LIMIT = 100


class CollectionWorkspace(models.AbstractModel):
    _inherit = "collection.workspace"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ overview
    @api.model
    def _resolve_pool(self, pool_id):
        if pool_id is None:
            return self.env.user.collection_pool_id.filtered(
                lambda pool: pool.company_id == self.env.company)
        return self.env["collection.pool"].browse(pool_id).exists() if pool_id else self.env[
            "collection.pool"]

    @api.model
    def get_overview(self, pool_id=None, as_of=None):
        """Everything the overview shows; ``pool_id`` None = the user's default pool,
        False/0 = all customers; balances as of ``as_of`` (default today)."""
        self._check_collections_access()
        company = self.env.company
        pool = self._resolve_pool(pool_id)
        partner_filter = self._pool_partner_filter(pool)
        as_of = self._as_of(as_of)
        currency = company.currency_id
        boundaries = company._collection_aging_boundaries()
        highest, oldest = self._aging_rankings(company, as_of, partner_filter, limit=TOP_LIMIT)
        customer_ids = {row["customer_id"] for row in highest + oldest}
        partners = self.env["res.partner"].browse(customer_ids).with_company(company)
        days_late = self._days_late_by_customer(company, customer_ids, as_of)
        bounced = self.env["collection.ledger"]._bounced_counts(company, customer_ids, as_of)
        info = {
            partner.id: partner for partner in partners
        }
        statuses = dict(self.env["res.partner"].fields_get(
            ["collection_account_status"], ["selection"])["collection_account_status"]["selection"])

        def customer(row):
            partner = info[row["customer_id"]]
            return {
                "id": partner.id,
                "name": partner.display_name,
                "ref": partner.ref or "",
                "balance": row["balance"],
                "overdue": row["overdue"],
            }

        highest_rows = []
        for row in highest:
            partner = info[row["customer_id"]]
            limit = partner.credit_limit
            values = customer(row)
            values.update(
                credit_limit=limit,
                available_credit=(limit - row["balance"]) if limit else False,
                risk=self._risk(row["balance"], row["overdue"], limit,
                                days_late.get(partner.id, 0.0), currency,
                                bounced.get(partner.id, 0)),
            )
            values["risk_score"] = values["risk"]["score"]
            highest_rows.append(values)
        oldest_rows = []
        for row in oldest:
            partner = info[row["customer_id"]]
            values = customer(row)
            values.update(
                oldest_overdue=fields.Date.to_string(row["oldest_overdue"]),
                buckets=row["buckets"],
                credit_group=partner.collection_credit_group_id.display_name or "",
                account_status=partner.collection_account_status or "active",
                account_status_label=statuses.get(partner.collection_account_status or "active"),
            )
            oldest_rows.append(values)
        return {
            "company": {"id": company.id, "name": company.name},
            "currency_id": currency.id,
            "as_of": fields.Date.to_string(as_of),
            "pool_id": pool.id or False,
            "pools": [{"id": p.id, "name": p.display_name}
                      for p in self.env["collection.pool"].search(
                          [("company_id", "=", company.id)])],
            "buckets": self._bucket_labels(boundaries),
            "activities": self._my_activities(pool),
            "highest_balances": highest_rows,
            "oldest_balances": oldest_rows,
            "failed_actions": self.env["collection.action"]._collection_failed_overview(pool),
        }

    def _bucket_labels(self, boundaries):
        labels = []
        for bucket in aging.buckets(boundaries):
            if bucket.key == "current":
                label = _("Current")
            elif bucket.max_days is None:
                label = _("Over %s", bucket.min_days - 1)
            else:
                label = _("%(low)s-%(high)s", low=bucket.min_days, high=bucket.max_days)
            labels.append({"key": bucket.key, "label": label})
        return labels

    def _activity_models(self):
        """The models whose activities are collections activities (extend to add more)."""
        return ["res.partner", "account.move"]

    def _my_activities(self, pool=None):
        Activity = self.env["mail.activity"]
        activities = Activity.search(
            [("user_id", "=", self.env.uid), ("res_model", "in", self._activity_models())],
            order="date_deadline, id",
        )
        customer_of = self._activity_customers(activities)
        # Only activities on records of the companies the user works in now.
        activities = activities.filtered(lambda act: act.id in customer_of)
        if pool:
            members = set(self.env["res.partner"].with_context(active_test=False)._search(
                pool._partner_search_domain() + [("id", "in", list(set(customer_of.values())))]
            ))
            activities = activities.filtered(lambda act: customer_of.get(act.id) in members)
        partners = self.env["res.partner"].browse(set(customer_of.values()))
        names = {partner.id: partner.display_name for partner in partners}
        today = self._today()
        return [{
            "id": act.id,
            "summary": act.summary or act.activity_type_id.name or "",
            "activity_type": act.activity_type_id.name or "",
            "date_deadline": fields.Date.to_string(act.date_deadline),
            "late": act.date_deadline < today,
            "res_model": act.res_model,
            "res_id": act.res_id,
            "res_name": act.res_name or "",
            "customer_id": customer_of.get(act.id) or False,
            "customer_name": names.get(customer_of.get(act.id), ""),
            "note": act.note and str(act.note) or "",
        } for act in activities]

    def _activity_customers(self, activities):
        """activity id -> commercial partner id, in one read per model; activities on
        records the user cannot read in the current companies are left out."""
        result = {}
        for model in set(activities.mapped("res_model")):
            acts = activities.filtered(lambda act, model=model: act.res_model == model)
            records = self.env[model].browse(acts.mapped("res_id")).exists()._filtered_access(
                "read")
            if model == "account.move":
                # Customer invoices and credit notes only, not vendor bills.
                records = records.filtered(lambda move: move.is_sale_document(True))
            if "company_id" in records._fields:
                records = records.filtered(
                    lambda rec: not rec.company_id or rec.company_id == self.env.company)
            if model == "res.partner":
                partner_of = {rec.id: rec.commercial_partner_id.id for rec in records}
            elif "partner_id" in self.env[model]._fields:
                partner_of = {rec.id: rec.partner_id.commercial_partner_id.id for rec in records}
            else:
                partner_of = {}
            for act in acts:
                if act.res_id in records.ids:
                    result[act.id] = partner_of.get(act.res_id, False)
        return result

    @api.model
    def close_activities(self, activity_ids, feedback=False):
        """Mark the user's activities done with a feedback."""
        self._check_collections_access()
        activities = self.env["mail.activity"].browse(activity_ids).exists()
        activities.action_feedback(feedback=feedback or False)
        return True
