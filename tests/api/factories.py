"""A small directory for API tests: every shape the API shows, and what it must not show."""

from dataclasses import dataclass

from samen.directory.models import (
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tests.factories import (
    AddressFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    service_at,
)


@dataclass
class Directory:
    parent: TaxonomyTerm
    child: TaxonomyTerm
    verified: Organization
    unverified: Organization
    open_service: Service
    hidden_service: Service
    professionals: Service
    demo: Service
    open_sal: ServiceAtLocation
    hidden_sal: ServiceAtLocation


def small_directory() -> Directory:
    parent = TaxonomyTermFactory(code="violence", name={"nl": "Geweld", "en": "Violence"})
    child = TaxonomyTermFactory(
        code="sexual-violence",
        name={"nl": "Seksueel geweld", "en": "Sexual violence"},
        parent=parent,
    )
    verified = OrganizationFactory(
        name="Hulp Utrecht", verification=Organization.Verification.VERIFIED
    )
    unverified = OrganizationFactory(name="Nieuwe Stichting")
    open_service = ServiceFactory(
        organization=verified,
        name={"nl": "Spreekuur", "en": "Consultation hours"},
        description={"nl": "Hulp in Utrecht", "en": "Help in Utrecht"},
        free_of_charge=True,
        anonymous=True,
        topics=[child],
    )
    PhoneFactory(
        service=open_service,
        number="030-1234567",
        description={"nl": "Balie", "en": "Desk"},
        hours_description={"en": "Mon-Fri 09:00-17:00"},
    )
    ScheduleFactory(service=open_service)
    ServiceArea.objects.create(
        service=open_service, name="Utrecht", extent_type="place", latitude=52.09, longitude=5.12
    )
    open_location = service_at(open_service, 52.0907, 5.1214)
    AddressFactory(location=open_location, address_1="Open Straat 1", city="Utrecht")
    hidden_service = ServiceFactory(
        organization=unverified, name={"nl": "Opvang"}, national=True, topics=[parent]
    )
    hidden_location = service_at(hidden_service, 52.37, 4.89)
    hidden_location.address_hidden = True
    hidden_location.name = "Opvanghuis"
    hidden_location.save()
    AddressFactory(location=hidden_location, address_1="Schuilplaats 13", postal_code="1011 AB")
    professionals = ServiceFactory(
        organization=verified, name={"nl": "Consult"}, audience=Service.Audience.PROFESSIONALS
    )
    demo = ServiceFactory(name={"nl": "Demodienst"}, is_demo=True)
    demo.organization.is_demo = True
    demo.organization.save()
    return Directory(
        parent=parent,
        child=child,
        verified=verified,
        unverified=unverified,
        open_service=open_service,
        hidden_service=hidden_service,
        professionals=professionals,
        demo=demo,
        open_sal=open_service.service_at_locations.get(),
        hidden_sal=hidden_service.service_at_locations.get(),
    )
