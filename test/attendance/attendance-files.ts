/** Attendance CSV files for district d1 of the provider fixture (schools s1, s2; classes c1 at s1, c2 at s2). */
export const CODES_HEADER = 'sourcedId,status,dateLastModified,schoolSourcedId,code,description,kind,category,dayFraction,countsAgainstAttendance';
export const DAILY_HEADER = 'sourcedId,status,dateLastModified,studentSourcedId,schoolSourcedId,date,attendanceStatus,code,minutesAbsent,minutesPresent,dayFractionAbsent,comment';
export const PERIOD_HEADER = 'sourcedId,status,dateLastModified,studentSourcedId,classSourcedId,schoolSourcedId,date,period,code,reason,comment';

export function attendanceFiles(): Record<string, string> {
  return {
    'attendanceCodes.csv': [
      CODES_HEADER,
      'ac-p1,,,s1,P,Present,type,present,0,false',
      'ac-a1,,,s1,A,Absent,type,absent,1,true',
      'ac-t1,,,s1,T,Tardy,type,tardy,0,false',
      'ac-ill1,,,s1,ILL,Illness,reason,,,false',
      'ac-per1,,,s1,1,Period 1,period,,,false',
      'ac-p2,,,s2,P,Present,type,present,0,false',
      'ac-a2,,,s2,A,Absent,type,absent,1,true',
    ].join('\n'),
    'dailyAttendance.csv': [
      DAILY_HEADER,
      'da-1,,,st-1,s1,2026-03-02,present,P,,,,',
      'da-2,,,st-2,s1,2026-03-02,absent,A,390,0,1,"Sick, called in"',
      'da-3,,,st-1,s1,2026-03-03,tardy,T,12,378,,',
      'da-4,,,st-3,s2,2026-03-02,present,P,,,,',
    ].join('\n'),
    'periodAttendance.csv': [
      PERIOD_HEADER,
      'pa-1,,,st-1,c1,s1,2026-03-02,1,P,,',
      'pa-2,,,st-2,c1,s1,2026-03-02,1,A,ILL,',
      'pa-3,,,st-3,c2,s2,2026-03-02,2,P,,',
    ].join('\n'),
  };
}

export function edit(files: Record<string, string>, file: string, from: string, to: string): Record<string, string> {
  const text = files[file];
  if (text === undefined || !text.includes(from)) throw new Error(`fixture ${file} has no '${from}'`);
  return { ...files, [file]: text.replace(from, to) };
}
