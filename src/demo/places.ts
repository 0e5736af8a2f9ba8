/** Place vocabularies for the demo district: its own name, its schools' names, where students were born. */

export interface DistrictName {
  readonly name: string;
  /** Used for the district's fictional mail domains under example.edu. */
  readonly slug: string;
}

export const DISTRICT_NAMES: readonly DistrictName[] = [
  { name: 'Cedar Valley Unified School District', slug: 'cedarvalley' },
  { name: 'Maple Hollow Public Schools', slug: 'maplehollow' },
  { name: 'Riverbend Independent School District', slug: 'riverbend' },
  { name: 'Pine Crest School District', slug: 'pinecrest' },
  { name: 'Lakeshore Consolidated Schools', slug: 'lakeshore' },
  { name: 'Silver Creek Unified School District', slug: 'silvercreek' },
  { name: 'Oak Meadow Public Schools', slug: 'oakmeadow' },
  { name: 'Willow Springs School District', slug: 'willowsprings' },
  { name: 'Granite Ridge Community Schools', slug: 'graniteridge' },
  { name: 'Eagle Bluff Unified School District', slug: 'eaglebluff' },
];

/** First halves of school place names ("Cedar" Ridge). */
export const PLACE_PREFIXES: readonly string[] = [
  'Cedar', 'Maple', 'Oak', 'Willow', 'Pine', 'Aspen', 'Birch', 'Elm', 'Spruce', 'Hickory',
  'Juniper', 'Magnolia', 'Sycamore', 'Cypress', 'Laurel', 'Chestnut', 'Red', 'Silver', 'Golden', 'Stone',
  'Eagle', 'Fox', 'Hawk', 'Deer', 'Falcon', 'Sun', 'Spring', 'Clear', 'Green', 'Blue',
];

/** Second halves of school place names (Cedar "Ridge"). */
export const PLACE_SUFFIXES: readonly string[] = [
  'Ridge', 'Creek', 'Grove', 'Hills', 'Valley', 'Park', 'Meadow', 'Brook', 'Lake', 'Point',
  'Crossing', 'Springs', 'Heights', 'Trail', 'Canyon', 'Hollow', 'Glen', 'View', 'Field', 'Wood',
];

/** Single-word school names, mixed in with the prefix + suffix ones. */
export const PLACE_NAMES: readonly string[] = [
  'Lincoln', 'Riverside', 'Lakeview', 'Hillcrest', 'Sunnyside', 'Fairview', 'Highland', 'Westfield',
  'Northgate', 'Southridge', 'Eastwood', 'Parkside', 'Brookside', 'Meadowlark', 'Bayside', 'Prairie',
];

export interface BirthPlace {
  readonly city: string;
  readonly state: string;
}

export const US_BIRTH_PLACES: readonly BirthPlace[] = [
  { city: 'Chicago', state: 'IL' }, { city: 'Houston', state: 'TX' }, { city: 'Phoenix', state: 'AZ' },
  { city: 'Philadelphia', state: 'PA' }, { city: 'San Antonio', state: 'TX' }, { city: 'San Diego', state: 'CA' },
  { city: 'Dallas', state: 'TX' }, { city: 'Austin', state: 'TX' }, { city: 'Columbus', state: 'OH' },
  { city: 'Charlotte', state: 'NC' }, { city: 'Indianapolis', state: 'IN' }, { city: 'Seattle', state: 'WA' },
  { city: 'Denver', state: 'CO' }, { city: 'Nashville', state: 'TN' }, { city: 'Portland', state: 'OR' },
  { city: 'Las Vegas', state: 'NV' }, { city: 'Detroit', state: 'MI' }, { city: 'Memphis', state: 'TN' },
  { city: 'Louisville', state: 'KY' }, { city: 'Milwaukee', state: 'WI' }, { city: 'Albuquerque', state: 'NM' },
  { city: 'Tucson', state: 'AZ' }, { city: 'Fresno', state: 'CA' }, { city: 'Sacramento', state: 'CA' },
  { city: 'Atlanta', state: 'GA' }, { city: 'Omaha', state: 'NE' }, { city: 'Raleigh', state: 'NC' },
  { city: 'Minneapolis', state: 'MN' }, { city: 'Tulsa', state: 'OK' }, { city: 'Cleveland', state: 'OH' },
  { city: 'Honolulu', state: 'HI' }, { city: 'Boise', state: 'ID' }, { city: 'Des Moines', state: 'IA' },
  { city: 'Salt Lake City', state: 'UT' }, { city: 'Anchorage', state: 'AK' }, { city: 'Spokane', state: 'WA' },
];

/** ISO 3166-1 alpha-2 codes for students born outside the US. */
export const FOREIGN_BIRTH_COUNTRIES: readonly string[] = [
  'MX', 'IN', 'CN', 'VN', 'PH', 'SV', 'GT', 'KR', 'UA', 'NG', 'CA', 'HN', 'SO', 'AF',
];

/** Area codes for fictional 555-01xx numbers (reserved for fiction in every area code). */
export const AREA_CODES: readonly string[] = ['217', '312', '503', '512', '614', '720', '919'];

/** Reserved domains for guardians' personal addresses. */
export const PERSONAL_MAIL_DOMAINS: readonly string[] = ['example.org', 'example.com', 'example.net'];
