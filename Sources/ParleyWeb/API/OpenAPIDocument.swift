/// The OpenAPI 3.1 description of exactly what /api/v1 implements. Served at /api/v1/openapi.json;
/// schemathesis checks the running server against it.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {"title": "Parley API", "version": "1.0.0",
               "description": "Loans, payments and cases of one lender (API key), and the borrower's own view (portal session)."},
      "servers": [{"url": "/"}],
      "security": [{"apiKey": []}, {"staffSession": []}],
      "components": {
        "securitySchemes": {
          "apiKey": {"type": "http", "scheme": "bearer", "description": "A lender API key from `parley apikey create`."},
          "staffSession": {"type": "apiKey", "in": "cookie", "name": "parley_session"},
          "borrowerSession": {"type": "apiKey", "in": "cookie", "name": "parley_borrower"}
        },
        "responses": {
          "Error": {"description": "An error with its reason.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "properties": {
            "error": {"type": "object", "required": ["status", "message"], "properties": {
              "status": {"type": "integer"}, "message": {"type": "string"}}}}},
          "Dues": {"type": "object", "required": ["loan_id", "as_of", "currency", "dpd", "bucket", "overdue_instalments",
                    "principal_overdue", "interest_overdue", "fees_overdue", "total_overdue", "principal_outstanding", "payoff"],
            "properties": {
              "loan_id": {"type": "string"}, "as_of": {"type": "string", "format": "date"}, "currency": {"type": "string"},
              "dpd": {"type": "integer", "minimum": 0}, "bucket": {"enum": ["0", "1-30", "31-60", "61-90", "91-180", "181+"]},
              "overdue_instalments": {"type": "integer"}, "principal_overdue": {"type": "integer"},
              "interest_overdue": {"type": "integer"}, "fees_overdue": {"type": "integer"}, "total_overdue": {"type": "integer"},
              "principal_outstanding": {"type": "integer"}, "payoff": {"type": "integer"}, "credit": {"type": "integer"},
              "paid_total": {"type": "integer"}, "emi": {"type": "integer"},
              "next_due_on": {"type": ["string", "null"], "format": "date"}, "next_due_amount": {"type": "integer"}}},
          "Case": {"type": "object", "required": ["id", "lender_id", "loan_id", "borrower_id", "status", "holds", "opened_at",
                    "updated_at", "event_count", "head_hash"],
            "properties": {
              "id": {"type": "string", "pattern": "^C[0-9]{7,}$"}, "lender_id": {"type": "string"}, "loan_id": {"type": "string"},
              "borrower_id": {"type": "string"},
              "status": {"enum": ["triggered", "contacted", "engaged", "negotiating", "in_mediation", "agreed", "signed",
                                  "implementing", "resolved", "broken", "escalated", "in_arbitration", "awarded", "closed",
                                  "cured", "withdrawn"]},
              "holds": {"type": "array", "items": {"enum": ["dispute", "hardship", "legal", "deceased", "cease"]}},
              "opened_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
              "event_count": {"type": "integer", "minimum": 1}, "head_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}},
          "Event": {"type": "object", "required": ["seq", "type", "at", "actor", "rule", "inputs", "data", "prev_hash", "hash"],
            "properties": {
              "seq": {"type": "integer", "minimum": 1}, "type": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
              "actor": {"type": "object", "required": ["kind", "id"], "properties": {
                "kind": {"enum": ["system", "borrower", "staff", "lender_system"]}, "id": {"type": "string"}}},
              "rule": {"type": ["string", "null"]}, "inputs": {"type": "object"}, "data": {"type": "object"},
              "prev_hash": {"type": "string"}, "hash": {"type": "string"}}},
          "LoanItem": {"type": "object", "additionalProperties": false,
            "required": ["loan_id", "borrower_id", "borrower_name", "phone", "jurisdiction", "currency", "principal",
                         "annual_rate_bps", "tenure_months", "first_due_on"],
            "properties": {
              "loan_id": {"type": "string"}, "borrower_id": {"type": "string"}, "borrower_name": {"type": "string"},
              "phone": {"type": "string", "description": "E.164"}, "email": {"type": ["string", "null"]},
              "language": {"type": ["string", "null"]}, "timezone": {"type": ["string", "null"]},
              "jurisdiction": {"type": "string", "description": "IN, US or GB"}, "currency": {"type": "string"},
              "principal": {"type": "string", "description": "decimal major units, e.g. 250000.00"},
              "annual_rate_bps": {"type": ["integer", "string"]}, "tenure_months": {"type": ["integer", "string"]},
              "first_due_on": {"type": "string", "description": "YYYY-MM-DD"}, "emi": {"type": ["string", "null"]}}},
          "PaymentItem": {"type": "object", "additionalProperties": false, "required": ["loan_id", "paid_on", "amount", "reference"],
            "properties": {"loan_id": {"type": "string"}, "paid_on": {"type": "string"}, "amount": {"type": "string"},
                           "reference": {"type": "string"}}},
          "UpsertResult": {"type": "object", "required": ["inserted", "unchanged", "rejected", "results"], "properties": {
            "inserted": {"type": "integer"}, "unchanged": {"type": "integer"}, "rejected": {"type": "integer"},
            "results": {"type": "array", "items": {"type": "object", "required": ["index", "status"], "properties": {
              "index": {"type": "integer"}, "loan_id": {"type": "string"}, "reference": {"type": "string"},
              "status": {"enum": ["inserted", "unchanged", "rejected"]},
              "errors": {"type": "array", "items": {"type": "object", "required": ["field", "reason"], "properties": {
                "field": {"type": "string"}, "reason": {"type": "string"}}}}}}}}}
        },
        "parameters": {
          "lender": {"name": "lender", "in": "query", "required": false, "schema": {"type": "string"},
                     "description": "For platform roles: the lender to act on (default `default`). Ignored for lender-bound keys."}
        }
      },
      "paths": {
        "/api/v1/loans": {"post": {"summary": "Insert loans (idempotent); per-item outcome.", "operationId": "upsertLoans",
          "parameters": [{"$ref": "#/components/parameters/lender"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["loans"],
            "properties": {"loans": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"$ref": "#/components/schemas/LoanItem"}}}}}}},
          "responses": {"200": {"description": "Outcome per item.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpsertResult"}}}},
                        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
                        "403": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"},
                        "415": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/payments": {"post": {"summary": "Insert payments (reference unique per lender); per-item outcome.", "operationId": "upsertPayments",
          "parameters": [{"$ref": "#/components/parameters/lender"}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["payments"],
            "properties": {"payments": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"$ref": "#/components/schemas/PaymentItem"}}}}}}},
          "responses": {"200": {"description": "Outcome per item.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpsertResult"}}}},
                        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
                        "403": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"},
                        "415": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/loans/{loan_id}/dues": {"get": {"summary": "What a loan owes at the end of a day (SPEC.md figures, minor units).",
          "operationId": "loanDues",
          "parameters": [{"name": "loan_id", "in": "path", "required": true, "schema": {"type": "string"}},
                         {"name": "as_of", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}},
                         {"$ref": "#/components/parameters/lender"}],
          "responses": {"200": {"description": "The dues.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Dues"}}}},
                        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
                        "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/cases": {"get": {"summary": "Cases, oldest first, with filters and keyset paging.", "operationId": "listCases",
          "parameters": [{"name": "status", "in": "query", "required": false, "schema": {"type": "string"},
                          "description": "A case status, or `open`."},
                         {"name": "loan_id", "in": "query", "required": false, "schema": {"type": "string"}},
                         {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                         {"name": "after", "in": "query", "required": false, "schema": {"type": "string"}},
                         {"$ref": "#/components/parameters/lender"}],
          "responses": {"200": {"description": "A page of cases.", "content": {"application/json": {"schema": {"type": "object",
                          "required": ["cases", "next_after"], "properties": {
                            "cases": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
                            "next_after": {"type": ["string", "null"]}}}}}},
                        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
                        "403": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/cases/{case_id}": {"get": {"summary": "One case.", "operationId": "getCase",
          "parameters": [{"name": "case_id", "in": "path", "required": true, "schema": {"type": "string"}}, {"$ref": "#/components/parameters/lender"}],
          "responses": {"200": {"description": "The case.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
                        "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
                        "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/cases/{case_id}/events": {"get": {"summary": "A case's hash-chained events, in order.", "operationId": "caseEvents",
          "parameters": [{"name": "case_id", "in": "path", "required": true, "schema": {"type": "string"}}, {"$ref": "#/components/parameters/lender"}],
          "responses": {"200": {"description": "The events.", "content": {"application/json": {"schema": {"type": "object",
                          "required": ["case_id", "events"], "properties": {"case_id": {"type": "string"},
                            "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}}}},
                        "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
                        "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/me/cases/{case_id}/events": {"get": {"summary": "The signed-in borrower's case timeline.", "operationId": "myCaseEvents",
          "security": [{"borrowerSession": []}],
          "parameters": [{"name": "case_id", "in": "path", "required": true, "schema": {"type": "string"}}],
          "responses": {"200": {"description": "The events.", "content": {"application/json": {"schema": {"type": "object",
                          "required": ["case_id", "events"], "properties": {"case_id": {"type": "string"},
                            "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}}}},
                        "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
                        "404": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/me/cases/{case_id}/proposals": {"post": {"summary": "Propose own terms on the borrower's case (needs X-CSRF-Token).",
          "operationId": "proposeTerms", "security": [{"borrowerSession": []}],
          "parameters": [{"name": "case_id", "in": "path", "required": true, "schema": {"type": "string"}}],
          "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false,
            "required": ["amount", "instalments", "first_date"], "properties": {"amount": {"type": "string", "pattern": "^[1-9][0-9]{0,9}(\\.[0-9]{1,2})?$"},
              "instalments": {"type": "integer", "minimum": 1, "maximum": 36}, "first_date": {"type": "string", "format": "date"}}}}}},
          "responses": {"201": {"description": "The recorded event.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
                        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
                        "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
                        "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
                        "422": {"$ref": "#/components/responses/Error"}}}},
        "/api/v1/me/loans": {"get": {"summary": "The signed-in borrower's loans with dues and pathways.", "operationId": "myLoans",
          "security": [{"borrowerSession": []}],
          "responses": {"200": {"description": "The borrower's loans.", "content": {"application/json": {"schema": {"type": "object",
                          "required": ["loans"], "properties": {"loans": {"type": "array", "items": {"type": "object",
                            "required": ["loan_id", "dues", "pathways"], "properties": {"loan_id": {"type": "string"},
                              "dues": {"$ref": "#/components/schemas/Dues"}, "pathways": {"type": "array", "items": {"type": "object",
                                "required": ["kind"], "properties": {"kind": {"enum": ["pay_overdue", "pay_in_full", "settlement", "plan",
                                  "hardship_pause", "dispute"]}}}}}}}}}}}},
                        "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}}
      }
    }
    """#
}
