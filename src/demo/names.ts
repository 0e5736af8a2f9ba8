/**
 * Common US given and family names, combined at random so that no generated person is a real one.
 * The lists are deliberately diverse; they carry no other meaning.
 */

export const FEMALE_GIVEN_NAMES: readonly string[] = [
  'Olivia', 'Emma', 'Charlotte', 'Amelia', 'Sophia', 'Mia', 'Isabella', 'Ava', 'Evelyn', 'Luna',
  'Harper', 'Sofia', 'Camila', 'Eleanor', 'Elizabeth', 'Violet', 'Scarlett', 'Emily', 'Hazel', 'Lily',
  'Gianna', 'Aurora', 'Penelope', 'Aria', 'Nora', 'Chloe', 'Ellie', 'Mila', 'Avery', 'Layla',
  'Abigail', 'Ella', 'Isla', 'Eliana', 'Nova', 'Madison', 'Zoe', 'Ivy', 'Grace', 'Lucy',
  'Willow', 'Emilia', 'Riley', 'Naomi', 'Victoria', 'Stella', 'Maya', 'Paisley', 'Hannah', 'Valentina',
  'Ximena', 'Daniela', 'Mariana', 'Lucia', 'Valeria', 'Gabriela', 'Adriana', 'Fernanda', 'Natalia', 'Aaliyah',
  'Jasmine', 'Imani', 'Nia', 'Zuri', 'Kiara', 'Destiny', 'Jada', 'Aisha', 'Fatima', 'Amina',
  'Priya', 'Ananya', 'Diya', 'Saanvi', 'Mei', 'Hana', 'Yuna', 'Jiwoo', 'Linh', 'Mai',
  'Kiana', 'Leilani', 'Malia', 'Sarah', 'Rachel', 'Leah', 'Anna', 'Julia', 'Claire', 'Audrey',
  'Samantha', 'Natalie', 'Alexis', 'Brooklyn', 'Savannah', 'Katherine', 'Rebecca', 'Megan', 'Lauren', 'Ashley',
  'Jessica', 'Jennifer', 'Nicole', 'Michelle', 'Andrea', 'Rosa', 'Maria', 'Carmen', 'Elena', 'Alejandra',
];

export const MALE_GIVEN_NAMES: readonly string[] = [
  'Liam', 'Noah', 'Oliver', 'James', 'Elijah', 'William', 'Henry', 'Lucas', 'Benjamin', 'Theodore',
  'Mateo', 'Levi', 'Sebastian', 'Daniel', 'Jack', 'Michael', 'Alexander', 'Owen', 'Asher', 'Samuel',
  'Ethan', 'Leo', 'Jackson', 'Mason', 'Ezra', 'John', 'Hudson', 'Luca', 'Aiden', 'Joseph',
  'David', 'Jacob', 'Logan', 'Luke', 'Julian', 'Gabriel', 'Grayson', 'Wyatt', 'Matthew', 'Dylan',
  'Isaac', 'Elias', 'Anthony', 'Thomas', 'Jayden', 'Carter', 'Santiago', 'Ezekiel', 'Charles', 'Josiah',
  'Caleb', 'Cooper', 'Miles', 'Christopher', 'Nathan', 'Isaiah', 'Jeremiah', 'Andrew', 'Joshua', 'Diego',
  'Carlos', 'Miguel', 'Alejandro', 'Javier', 'Luis', 'Jose', 'Juan', 'Adrian', 'Angel', 'Marcus',
  'Malik', 'Jamal', 'Darius', 'Andre', 'Terrence', 'Xavier', 'Jalen', 'Omar', 'Ibrahim', 'Yusuf',
  'Ali', 'Hassan', 'Arjun', 'Rohan', 'Aarav', 'Vikram', 'Dev', 'Wei', 'Jun', 'Kenji',
  'Hiroshi', 'Minjun', 'Seojun', 'Duc', 'Minh', 'Tuan', 'Kai', 'Koa', 'Robert', 'Richard',
  'Steven', 'Kevin', 'Brian', 'Eric', 'Gregory', 'Patrick', 'Sean', 'Tyler', 'Brandon', 'Aaron',
];

export const FAMILY_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price',
  'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez', 'Powell',
  'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes', 'Fisher',
  'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Hamilton', 'Graham', 'Reynolds', 'Griffin', 'Wallace',
  'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis', 'Tran', 'Medina',
  'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez', 'Woods',
  'Washington', 'Wells', 'Vargas', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford',
  'Olson', 'Porter', 'Hunter', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Dixon', 'Munoz', 'Holmes',
  'Palmer', 'Wagner', 'Robertson', 'Boyd', 'Salazar', 'Warren', 'Meyer', 'Schmidt', 'Garza', 'Soto',
  'Wang', 'Li', 'Zhang', 'Liu', 'Singh', 'Shah', 'Khan', 'Yamamoto', 'Tanaka', 'Park',
  'Choi', 'Pham', 'Le', 'Vu', 'Okafor', 'Adeyemi', 'Mensah', "O'Brien", 'Kowalski', 'Novak',
  'Rossi', 'Haddad', 'Nakamura', 'Kahale', 'Begay', 'Yazzie', 'Santos', 'Delgado', 'Contreras', 'Sandoval',
];

/** Preferred forms some students go by. */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Alexander: 'Alex',
  Benjamin: 'Ben',
  Theodore: 'Teddy',
  William: 'Will',
  James: 'Jamie',
  Matthew: 'Matt',
  Daniel: 'Danny',
  Joseph: 'Joey',
  Christopher: 'Chris',
  Nathan: 'Nate',
  Jacob: 'Jake',
  Samuel: 'Sam',
  Anthony: 'Tony',
  Robert: 'Bobby',
  Thomas: 'Tommy',
  Andrew: 'Drew',
  Joshua: 'Josh',
  Michael: 'Mikey',
  Elizabeth: 'Eliza',
  Katherine: 'Katie',
  Samantha: 'Sam',
  Alexis: 'Lexi',
  Victoria: 'Tori',
  Gabriela: 'Gabby',
  Penelope: 'Penny',
  Eleanor: 'Ellie',
  Abigail: 'Abby',
  Madison: 'Maddie',
  Isabella: 'Bella',
  Jennifer: 'Jen',
};

/** A name as it appears in a username or email local part: ASCII lowercase letters only. */
export function loginForm(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
