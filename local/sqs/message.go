package sqs

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// attributeValue is one message attribute as the JSON protocol carries it
// (BinaryValue is base64 in JSON, as encoding/json writes []byte).
type attributeValue struct {
	DataType         string   `json:"DataType"`
	StringValue      *string  `json:"StringValue,omitempty"`
	BinaryValue      []byte   `json:"BinaryValue,omitempty"`
	StringListValues []string `json:"StringListValues,omitempty"`
	BinaryListValues [][]byte `json:"BinaryListValues,omitempty"`
}

// attributesMD5 is SQS's MD5OfMessageAttributes: for each attribute in
// name order, the length-prefixed (4-byte big-endian) name and data type,
// a transport byte (1 string, 2 binary) and the length-prefixed value.
// It is "" when there are no attributes, as SQS omits it then.
func attributesMD5(attrs map[string]attributeValue) string {
	if len(attrs) == 0 {
		return ""
	}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	slices.Sort(names)
	h := md5.New()
	field := func(b []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	for _, n := range names {
		v := attrs[n]
		field([]byte(n))
		field([]byte(v.DataType))
		if v.StringValue != nil {
			h.Write([]byte{1})
			field([]byte(*v.StringValue))
		} else {
			h.Write([]byte{2})
			field(v.BinaryValue)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func bodyMD5(body string) string {
	sum := md5.Sum([]byte(body))
	return hex.EncodeToString(sum[:])
}

var (
	attrName   = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,256}$`)
	dataType   = regexp.MustCompile(`^(String|Number|Binary)(\..+)?$`)
	numberText = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
)

// checkAttributes applies SQS's rules for message attributes and returns
// their size as SQS counts it towards the message size limit.
func checkAttributes(attrs map[string]attributeValue, system bool) (int, *apiError) {
	kind := "(user)"
	if system {
		kind = "system"
	}
	if len(attrs) > 10 {
		return 0, errParam("MessageAttributes", len(attrs), "Number of message attributes ["+strconv.Itoa(len(attrs))+"] exceeds the allowed maximum [10].")
	}
	size := 0
	for n, v := range attrs {
		lower := strings.ToLower(n)
		switch {
		case !attrName.MatchString(n) || strings.HasPrefix(n, ".") || strings.HasSuffix(n, ".") || strings.Contains(n, ".."):
			return 0, errorf("InvalidParameterValue", "Message %s attribute name '%s' is invalid.", kind, n)
		case !system && (strings.HasPrefix(lower, "aws.") || strings.HasPrefix(lower, "amazon.")):
			return 0, errorf("InvalidParameterValue", "Message %s attribute name '%s' is reserved for use by Amazon SQS.", kind, n)
		case system && n != "AWSTraceHeader":
			return 0, errorf("InvalidParameterValue", "Message system attribute name '%s' is invalid.", n)
		case len(v.DataType) > 256 || !dataType.MatchString(v.DataType):
			return 0, errorf("InvalidParameterValue", "The type of message %s attribute '%s' is invalid. You must use only the following supported type prefixes: Binary, Number, String.", kind, n)
		case len(v.StringListValues) > 0 || len(v.BinaryListValues) > 0:
			return 0, errorf("InvalidParameterValue", "Message %s attribute '%s' has list values, which are reserved for future use.", kind, n)
		}
		binaryType := strings.HasPrefix(v.DataType, "Binary")
		if binaryType {
			if len(v.BinaryValue) == 0 || v.StringValue != nil {
				return 0, errorf("InvalidParameterValue", "Message %s attribute '%s' must contain a non-empty value of type 'Binary'.", kind, n)
			}
			size += len(v.BinaryValue)
		} else {
			if v.StringValue == nil || *v.StringValue == "" || v.BinaryValue != nil {
				return 0, errorf("InvalidParameterValue", "Message %s attribute '%s' must contain a non-empty value of type 'String'.", kind, n)
			}
			if strings.HasPrefix(v.DataType, "Number") && !numberText.MatchString(*v.StringValue) {
				return 0, errorf("InvalidParameterValue", "Can't cast the value of message %s attribute '%s' to a number.", kind, n)
			}
			if !validText(*v.StringValue) {
				return 0, errorf("InvalidParameterValue", "Message %s attribute '%s' contains characters outside the allowed set.", kind, n)
			}
			size += len(*v.StringValue)
		}
		size += len(n) + len(v.DataType)
	}
	return size, nil
}

// validText reports whether s holds only the characters SQS allows in a
// message: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.
func validText(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if !(r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)) {
			return false
		}
	}
	return true
}

// selectAttributes returns the attributes named by a ReceiveMessage
// MessageAttributeNames list: "All", ".*", "prefix.*" or exact names.
func selectAttributes(attrs map[string]attributeValue, names []string) map[string]attributeValue {
	if len(attrs) == 0 || len(names) == 0 {
		return nil
	}
	out := map[string]attributeValue{}
	for n, v := range attrs {
		for _, want := range names {
			prefix, wild := strings.CutSuffix(want, ".*")
			if want == "All" || want == ".*" || want == n || (wild && strings.HasPrefix(n, prefix+".")) {
				out[n] = v
				break
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
