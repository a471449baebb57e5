package luoshi

// NotifyTx is what the reminder scheduler and the notification outbox need of a
// transaction (issue: reminders, escalation and notifications).
type NotifyTx interface {
}
