/** @odoo-module **/
// Copyright 2026 The account_collections_automation authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

// Marking a collections process's call activity as done opens the call
// outcome wizard (reached, no answer, promise, dispute, wrong number); the
// wizard completes the activity. Any other activity is done as usual.
import { Activity } from "@mail/core/web/activity_model";
import { patch } from "@web/core/utils/patch";

async function openCallOutcome(activity) {
    if (activity.res_model !== "res.partner" || activity.activity_category !== "phonecall") {
        return false;
    }
    const { orm, action } = activity.store.env.services;
    const wizard = await orm.call("mail.activity", "action_collection_call_outcome", [
        [activity.id],
    ]);
    if (!wizard) {
        return false;
    }
    await new Promise((resolve) => action.doAction(wizard, { onClose: resolve }));
    return true;
}

patch(Activity.prototype, {
    async markAsDone(attachmentIds = []) {
        if (await openCallOutcome(this)) {
            return;
        }
        return super.markAsDone(...arguments);
    },
    async markAsDoneAndScheduleNext() {
        if (await openCallOutcome(this)) {
            return false;
        }
        return super.markAsDoneAndScheduleNext(...arguments);
    },
});
