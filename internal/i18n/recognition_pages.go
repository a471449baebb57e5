package i18n

// recognitionPages holds the words of the pages of work that drags on (久拖不决), of
// commendations and accountability records, and of the score's formula.
var recognitionPages = map[string][2]string{}
