package luoshi

// SecurityTx is what sessions, login protection and the audit trail need of a transaction.
type SecurityTx interface {
}
