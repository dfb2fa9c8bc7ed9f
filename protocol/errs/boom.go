package errs

import (
	"github.com/botrt/botrt/protocol/jsval"
)

// Boom is everything jsapi needs to build the @hapi/boom error Baileys would
// have thrown or put in lastDisconnect.error for err:
//
//	err.message          Message
//	err.isBoom           true
//	err.isServer         IsServer (status >= 500)
//	err.data             Data (null when none)
//	err.output           {statusCode, payload, headers: {}}
//	err.output.payload   Payload: {statusCode, error, message}
type Boom struct {
	Message    string
	StatusCode int
	IsServer   bool
	Data       jsval.Value
	Payload    *jsval.Object
}

// ToBoom describes err as a Boom. Errors without a status are 500, as
// `new Boom(err)` makes them. Like Boom, the payload of a 500 hides the
// message ("An internal server error occurred").
func ToBoom(err error) Boom {
	status := StatusOf(err)
	if status == 0 {
		status = 500
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	var data jsval.Value
	if e := FromWhatsmeow(err); e != nil {
		data = e.Data
	}
	payloadMsg := msg
	if status == 500 {
		payloadMsg = "An internal server error occurred"
	}
	return Boom{
		Message:    msg,
		StatusCode: status,
		IsServer:   status >= 500,
		Data:       data,
		Payload: jsval.NewObject().
			Set("statusCode", int64(status)).
			Set("error", StatusText(status)).
			Set("message", payloadMsg),
	}
}
