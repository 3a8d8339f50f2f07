// The FHIR R4 interface of contracts.md under /fhir/r4 (docs/fhir.md).
#pragma once

#include "server/auth.h"
#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

// Adds, all needing a bearer token or session as /api does (his and admin
// may POST, every role may read), with application/fhir+json answers:
//   POST /fhir/r4/MedicationRequest   one line; joins its groupIdentifier's prescription until paid
//   POST /fhir/r4                     a transaction Bundle -> transaction-response Bundle
//   GET  /fhir/r4/MedicationRequest/{id}        id "<prescription id>-<line>"
//   GET  /fhir/r4/MedicationDispense?prescription=&patient=&status=&whenhandedover=
// and an OperationOutcome for any other path under /fhir/r4. These routes
// authorize in their handlers, so that a refusal is an OperationOutcome too.
void add_fhir_routes(Router& router, Pharmacy& pharmacy, Authenticator& auth);

}  // namespace rx
